import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { BrandingController } from './branding.controller';
import { BrandingRepository } from './branding.repository';
import { BrandingService } from './branding.service';
import { SurveyBrandingController } from './survey-branding.controller';

/** The respondent app's brand: the organisation's default and each survey's override, with their logos. */
@Module({
  imports: [SurveysModule],
  controllers: [BrandingController, SurveyBrandingController],
  providers: [BrandingService, BrandingRepository],
  exports: [BrandingService],
})
export class BrandingModule {}
